//! A process and its descendants, their memory, and the environment of
//! WebKit's web processes, read from `/proc` (Linux). Shared by the start-up benchmark (`startup.rs`) and the window
//! tests, which include this file by its path
//! (`src-tauri/tests/e2e/main.rs`): std only, so both can build it.

/// The process and all its descendants, from `/proc/<pid>/stat`.
pub fn tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The name in parentheses may hold spaces: the fields after it.
        let Some(after) = stat.rsplit_once(')').map(|(_, rest)| rest) else {
            continue;
        };
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut found = vec![root];
    let mut index = 0;
    while index < found.len() {
        let parent = found[index];
        found.extend(
            parents
                .iter()
                .filter(|(_, p)| *p == parent)
                .map(|(c, _)| *c),
        );
        index += 1;
    }
    found
}

/// One process's name (its `comm`, at most 15 characters) and memory.
pub struct ProcessMemory {
    pub name: String,
    pub pss_kib: u64,
    pub rss_kib: u64,
}

/// PSS and RSS (KiB) of each process in the tree of `root`, from
/// `/proc/<pid>/smaps_rollup`.
pub fn memory_of_each(root: u32) -> Vec<ProcessMemory> {
    tree(root)
        .into_iter()
        .map(|pid| {
            let text =
                std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
            let field = |name: &str| {
                text.lines()
                    .find(|line| line.starts_with(name))
                    .and_then(|line| line.split_whitespace().nth(1))
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(0)
            };
            ProcessMemory {
                name: std::fs::read_to_string(format!("/proc/{pid}/comm"))
                    .map(|n| n.trim().to_owned())
                    .unwrap_or_default(),
                pss_kib: field("Pss:"),
                rss_kib: field("Rss:"),
            }
        })
        .collect()
}

/// PSS and RSS (KiB) summed over `processes`.
pub fn totals(processes: &[ProcessMemory]) -> (u64, u64) {
    processes
        .iter()
        .fold((0, 0), |(pss, rss), p| (pss + p.pss_kib, rss + p.rss_kib))
}

/// The PSS of each process with more than 1 MiB, largest first, as text:
/// "WebKitWebProces 180.2 MiB, kiz-desk 95.0 MiB, …".
pub fn describe(processes: &[ProcessMemory]) -> String {
    let mut shown: Vec<&ProcessMemory> = processes.iter().filter(|p| p.pss_kib > 1024).collect();
    shown.sort_by_key(|p| std::cmp::Reverse(p.pss_kib));
    shown
        .iter()
        .map(|p| format!("{} {:.1} MiB", p.name, p.pss_kib as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The environments (`NAME=value` entries) of WebKit's web processes in
/// the tree of `root`, the processes that paint the pages; one that is
/// ending (its environment no longer readable or empty) is left out.
pub fn web_process_environments(root: u32) -> Vec<Vec<String>> {
    tree(root)
        .into_iter()
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|name| name.starts_with("WebKitWebProces"))
        })
        .map(|web| {
            std::fs::read(format!("/proc/{web}/environ"))
                .unwrap_or_default()
                .split(|byte| *byte == 0)
                .filter(|entry| !entry.is_empty())
                .map(|entry| String::from_utf8_lossy(entry).into_owned())
                .collect::<Vec<_>>()
        })
        .filter(|environment| !environment.is_empty())
        .collect()
}
