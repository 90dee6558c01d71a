//! The arrows between the core's top-level modules (`src/<module>.rs` or
//! `src/<module>/`) run one way: no module reaches itself again through a
//! chain of others. The test reads the sources as text, follows every
//! `crate::…` and `super::…` path (including `use crate::{a, b::c}` groups
//! and the items `lib.rs` re-exports at the root, such as `crate::Db`) up to
//! the top-level module it names, and fails naming each cycle with the lines
//! that make its arrows.
//!
//! Besides the cycles it checks two promises of docs/architecture.md:
//! nothing depends on `demo` (the demo data may use every part of the core),
//! and the plain helpers (`error`, `time`, `limits`, `languages`,
//! `file_names`) depend on no domain module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Arrows that close a cycle today and are being removed on another branch.
/// Each entry names who removes it; once it is gone the test asks for the
/// entry to go too, so an exception never outlives its reason.
const KNOWN_CYCLE_ARROWS: &[(&str, &str, &str)] = &[];

/// Arrows into `demo` that are allowed, with the reason.
const ALLOWED_DEMO_USERS: &[(&str, &str)] = &[(
    "documents",
    "documents::sample::sample_set prints every document from the demo data for \
     `cargo xtask samples`; demo itself never uses documents",
)];

/// Modules that must depend on no other module but these.
const PLAIN_HELPERS: &[&str] = &[
    "error",
    "time",
    "limits",
    "languages",
    "file_names",
    "folding",
];

/// Where an arrow comes from: the file and line of the first path that makes it.
#[derive(Debug, Clone)]
struct Site {
    file: String,
    line: usize,
}

type Graph = BTreeMap<String, BTreeMap<String, Site>>;

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} must be readable: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments, strings and character literals blanked out
/// (newlines kept, so line numbers stay right).
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string r"…" or r#"…"# (or an identifier that starts with r#).
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                match chars.get(j) {
                    None => break,
                    Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                        j += 1 + hashes;
                        break;
                    }
                    Some(_) => j += 1,
                }
            }
            for &skipped in &chars[i..j.min(chars.len())] {
                out.push(blank(skipped));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                let mut j = i + 2;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
                for _ in i..=j.min(chars.len() - 1) {
                    out.push(' ');
                }
                i = j + 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                out.push_str("   ");
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Star,
    Other,
}

fn tokens(code: &str) -> Vec<(Token, usize)> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Token::Ident(chars[start..i].iter().collect()), line));
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push((Token::PathSep, line));
            i += 2;
        } else {
            out.push((
                match c {
                    '{' => Token::Open,
                    '}' => Token::Close,
                    ',' => Token::Comma,
                    '*' => Token::Star,
                    _ => Token::Other,
                },
                line,
            ));
            i += 1;
        }
    }
    out
}

/// The first segments named right after a `crate::`/`super::` at `at`:
/// one name, or every item of a `{…}` group (nested groups belong to the
/// item before them, so only the group's own items count).
fn first_segments(tokens: &[(Token, usize)], at: usize) -> Vec<String> {
    match tokens.get(at) {
        Some((Token::Ident(name), _)) => vec![name.clone()],
        Some((Token::Star, _)) => vec!["*".into()],
        Some((Token::Open, _)) => {
            let mut names = Vec::new();
            let mut depth = 0;
            let mut expect_item = true;
            for (token, _) in &tokens[at..] {
                match token {
                    Token::Open => {
                        depth += 1;
                        if depth > 1 {
                            expect_item = false;
                        }
                    }
                    Token::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Comma if depth == 1 => expect_item = true,
                    Token::Ident(name) if depth == 1 && expect_item => {
                        names.push(name.clone());
                        expect_item = false;
                    }
                    Token::Star if depth == 1 && expect_item => {
                        names.push("*".into());
                        expect_item = false;
                    }
                    _ => {}
                }
            }
            names
        }
        _ => Vec::new(),
    }
}

/// The modules `lib.rs` declares, and the items it re-exports at the root
/// (`pub use db::Db;` makes `crate::Db` an arrow to `db`).
fn root_names() -> (BTreeSet<String>, BTreeMap<String, String>) {
    let lib = fs::read_to_string(src_dir().join("lib.rs")).expect("src/lib.rs must be readable");
    let toks = tokens(&code_only(&lib));
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    for (i, (token, _)) in toks.iter().enumerate() {
        if *token == Token::Ident("mod".into()) {
            if let Some((Token::Ident(name), _)) = toks.get(i + 1) {
                modules.insert(name.clone());
            }
        }
        if *token == Token::Ident("use".into()) {
            if let (Some((Token::Ident(module), _)), Some((Token::PathSep, _))) =
                (toks.get(i + 1), toks.get(i + 2))
            {
                for item in first_segments(&toks, i + 3) {
                    reexports.insert(item, module.clone());
                }
            }
        }
    }
    (modules, reexports)
}

/// The module path of a file: `src/events/checkin.rs` is `events::checkin`,
/// `src/events/mod.rs` is `events`.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src_dir()).expect("a file under src/");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if parts.is_empty() && stem == "lib" {
        return parts;
    }
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

fn module_graph() -> Graph {
    let (modules, reexports) = root_names();
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeMap::new()))
        .collect();
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    for file in files {
        let path = module_path(&file);
        // lib.rs is the root, and src/bin/ holds other crates that use `kiz::`.
        let Some(top) = path.first().cloned() else {
            continue;
        };
        if top == "bin" {
            continue;
        }
        assert!(
            modules.contains(&top),
            "{} is not under a module that lib.rs declares",
            file.display()
        );
        let shown = file
            .strip_prefix(src_dir().parent().expect("the crate root"))
            .expect("a file under the crate")
            .display()
            .to_string();
        let source = fs::read_to_string(&file).expect("a readable source file");
        let toks = tokens(&code_only(&source));
        // Inline modules (`mod tests { … }`) deepen what `super` means.
        let mut inline: Vec<(String, i32)> = Vec::new();
        let mut depth = 0;
        let mut i = 0;
        while i < toks.len() {
            let (token, line) = &toks[i];
            match token {
                Token::Open => depth += 1,
                Token::Close => {
                    depth -= 1;
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                }
                Token::Ident(word) if word == "mod" => {
                    if let (Some((Token::Ident(name), _)), Some((Token::Open, _))) =
                        (toks.get(i + 1), toks.get(i + 2))
                    {
                        inline.push((name.clone(), depth));
                    }
                }
                _ => {}
            }
            let starts_path = !matches!(i.checked_sub(1).map(|p| &toks[p].0), Some(Token::PathSep));
            let (targets, after) = match token {
                Token::Ident(word)
                    if word == "crate"
                        && starts_path
                        && toks.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep) =>
                {
                    (Some(Vec::<String>::new()), i + 2)
                }
                Token::Ident(word)
                    if word == "super"
                        && starts_path
                        && toks.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep) =>
                {
                    let mut here: Vec<String> = path.clone();
                    here.extend(inline.iter().map(|(name, _)| name.clone()));
                    let mut j = i;
                    while toks.get(j).map(|t| &t.0) == Some(&Token::Ident("super".into()))
                        && toks.get(j + 1).map(|t| &t.0) == Some(&Token::PathSep)
                    {
                        here.pop();
                        j += 2;
                    }
                    (Some(here), j)
                }
                _ => (None, i + 1),
            };
            if let Some(base) = targets {
                let names = if base.is_empty() {
                    first_segments(&toks, after)
                } else {
                    vec![base[0].clone()]
                };
                for name in names {
                    let target = if modules.contains(&name) {
                        name.clone()
                    } else if let Some(module) = reexports.get(&name) {
                        module.clone()
                    } else if name == "self" {
                        continue;
                    } else {
                        panic!(
                            "{shown}:{line}: `crate::{name}` names neither a module nor an item \
                             lib.rs re-exports; teach tests/module_graph.rs what it is"
                        );
                    };
                    if target != top {
                        graph
                            .get_mut(&top)
                            .expect("a declared module")
                            .entry(target)
                            .or_insert(Site {
                                file: shown.clone(),
                                line: *line,
                            });
                    }
                }
                i = after.max(i + 1);
                continue;
            }
            i += 1;
        }
    }
    graph
}

fn without_known_arrows(mut graph: Graph) -> Graph {
    for (from, to, _) in KNOWN_CYCLE_ARROWS {
        if let Some(arrows) = graph.get_mut(*from) {
            arrows.remove(*to);
        }
    }
    graph
}

/// The strongly connected parts of the graph with more than one module
/// (Tarjan), each a set of modules that reach each other.
fn tangles(graph: &Graph) -> Vec<Vec<String>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'g>(state: &mut State<'g>, node: &'g str) {
        let n = state.index.len();
        state.index.insert(node, n);
        state.low.insert(node, n);
        state.stack.push(node);
        state.on_stack.insert(node);
        for next in state.graph[node].keys() {
            let next = next.as_str();
            if !state.index.contains_key(next) {
                visit(state, next);
                let low = state.low[node].min(state.low[next]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(next) {
                let low = state.low[node].min(state.index[next]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut part = Vec::new();
            loop {
                let member = state.stack.pop().expect("the node itself is on the stack");
                state.on_stack.remove(member);
                part.push(member.to_string());
                if member == node {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                state.found.push(part);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

/// One cycle through `start` inside a tangle, as the shortest way back.
fn cycle_through(graph: &Graph, start: &str, within: &[String]) -> Vec<String> {
    let mut came_from: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start.to_string()]);
    while let Some(node) = queue.pop_front() {
        for next in graph[&node].keys() {
            if !within.contains(next) {
                continue;
            }
            if next == start {
                let mut way = vec![node.clone()];
                while let Some(before) = came_from.get(way.last().expect("not empty")) {
                    way.push(before.clone());
                }
                way.reverse();
                way.push(start.to_string());
                return way;
            }
            if !came_from.contains_key(next) && next != start {
                came_from.insert(next.clone(), node.clone());
                queue.push_back(next.clone());
            }
        }
    }
    unreachable!("every module of a tangle reaches itself again")
}

fn describe(graph: &Graph, cycle: &[String]) -> String {
    let arrows: Vec<String> = cycle
        .windows(2)
        .map(|pair| {
            let site = &graph[&pair[0]][&pair[1]];
            format!(
                "    {} -> {} ({}:{})",
                pair[0], pair[1], site.file, site.line
            )
        })
        .collect();
    format!("  {}\n{}", cycle.join(" -> "), arrows.join("\n"))
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let graph = without_known_arrows(module_graph());
    let mut found: Vec<Vec<String>> = Vec::new();
    for tangle in tangles(&graph) {
        // One shortest cycle through each module of the tangle, each named
        // once (starting at its first module by name).
        for member in &tangle {
            let mut cycle = cycle_through(&graph, member, &tangle);
            cycle.pop();
            let first = (0..cycle.len())
                .min_by_key(|&i| &cycle[i])
                .expect("a cycle has modules");
            cycle.rotate_left(first);
            cycle.push(cycle[0].clone());
            if !found.contains(&cycle) {
                found.push(cycle);
            }
        }
    }
    let described: Vec<String> = found.iter().map(|c| describe(&graph, c)).collect();
    assert!(
        found.is_empty(),
        "the core's modules must depend on each other one way only; break these cycles \
         (move the shared part into a module both can use, or pass the data in):\n{}",
        described.join("\n")
    );
}

#[test]
fn every_known_exception_is_still_needed() {
    let graph = module_graph();
    for (from, to, why) in KNOWN_CYCLE_ARROWS {
        assert!(
            graph[*from].contains_key(*to),
            "{from} no longer uses {to}: remove the exception ({why}) from KNOWN_CYCLE_ARROWS \
             in tests/module_graph.rs"
        );
    }
    for (user, why) in ALLOWED_DEMO_USERS {
        assert!(
            graph[*user].contains_key("demo"),
            "{user} no longer uses demo: remove the exception ({why}) from ALLOWED_DEMO_USERS \
             in tests/module_graph.rs"
        );
    }
}

#[test]
fn nothing_depends_on_the_demo_data() {
    let graph = module_graph();
    for (from, arrows) in &graph {
        if let Some(site) = arrows.get("demo") {
            assert!(
                ALLOWED_DEMO_USERS.iter().any(|(user, _)| user == from),
                "{from} uses demo ({}:{}); the demo data uses the core, never the other way",
                site.file,
                site.line
            );
        }
    }
}

#[test]
fn the_plain_helpers_depend_on_no_domain_module() {
    let graph = module_graph();
    for helper in PLAIN_HELPERS {
        for (to, site) in &graph[*helper] {
            assert!(
                PLAIN_HELPERS.contains(&to.as_str()),
                "{helper} is a plain helper and must not use {to} ({}:{})",
                site.file,
                site.line
            );
        }
    }
}

#[test]
fn the_reader_follows_every_kind_of_path() {
    // A self-check of the reader on the forms the sources use, so a change
    // in how it reads cannot make the cycle test pass by seeing nothing.
    let graph = module_graph();
    let arrow = |from: &str, to: &str| graph[from].contains_key(to);
    assert!(
        arrow("lending", "catalogue"),
        "`use crate::catalogue::{{…}}` in lending"
    );
    assert!(
        arrow("lending", "db"),
        "`crate::Db` is a root re-export of db"
    );
    assert!(
        arrow("lending", "error"),
        "`crate::Error` is a root re-export of error"
    );
    assert!(
        arrow("pick_lists", "search"),
        "`use crate::{{search, …}}` group"
    );
    let toks = tokens(&code_only(
        "// crate::hidden\nlet s = \"crate::hidden\"; let c = '\"'; use crate::{a::{b, c}, d};",
    ));
    let at = toks
        .iter()
        .position(|(t, _)| *t == Token::Ident("crate".into()))
        .expect("the use line's crate");
    assert_eq!(first_segments(&toks, at + 2), vec!["a", "d"]);
}
