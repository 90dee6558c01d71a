//! The start-up and memory benchmark of `cargo xtask bench` (Linux, under
//! Xvfb): KIZ Desk and the reference window (`benches/reference-window`, a
//! hello-world Tauri app in the same release profile) are started in turn,
//! eleven times each per case, and timed from the spawn to the first frame
//! with content. Both pages send the same signal two animation frames after
//! their first screen is drawn; the apps print it as `painted <ms since
//! 1970>` (KIZ Desk with `KIZ_PAINT_SIGNAL=1`). Three seconds after that
//! frame the proportional set size (PSS) of the process tree is read from
//! `/proc` (the app, WebKit's web and network processes), then the tree is
//! ended. The medians and their ratios are printed next to the targets;
//! below each case, the median of the paired ratios (each KIZ Desk start
//! over the reference start just before it), which a slow drift of the
//! machine's speed affects less: the two starts of a pair are seconds
//! apart.
//! Both apps choose WebKit's painter with the same code
//! (`src-tauri/src/painter.rs`: on the CPU and without compositing where
//! OpenGL would be software);
//! the table says what their web processes were given.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::process_tree::{
    describe, memory_of_each, totals, tree, web_process_environments, ProcessMemory,
};
use crate::Result;

/// Starts per app and case. On the test machine (a virtual machine with two
/// cores) single starts of the same binary scatter widely (the reference
/// from 269 to 745 ms on one day), and with five starts per case the ratio
/// of the same two binaries moved between four runs of the benchmark by
/// 0.18 in each everyday case (demo data: 1.02× to 1.20×; 100,000 media:
/// 1.16× to 1.34×) and by 0.40 at first start (0.92× to 1.32×). If the
/// starts were independent, the scatter of a median would shrink with the
/// square root of their number, by about a third from five to eleven (odd,
/// so the median is one start); the machine's speed also drifts within
/// minutes, which more starts do not remove (see the paired ratio printed
/// below each case). Eleven cost about two and a half minutes more per run
/// of the benchmark.
const RUNS: usize = 11;
/// When the memory is read, after the first frame.
const SETTLE: Duration = Duration::from_secs(3);
/// How long a start may take before the run counts as failed.
const START_LIMIT: Duration = Duration::from_secs(90);

/// One start: how long until the first frame, and the memory then.
struct Start {
    ms: f64,
    pss_kib: u64,
    rss_kib: u64,
    /// The memory of each process (for the breakdown of the last run).
    processes: Vec<ProcessMemory>,
    /// What the web processes were given for painting (`painting_of`).
    painting: String,
}

/// What a case starts with.
enum Folder {
    /// The same data folder every run (the everyday start).
    Kept(PathBuf),
    /// A new, empty data folder every run (the first start).
    Fresh(PathBuf),
}

/// Measures both apps on the three cases and prints the table. `kiz` and
/// `reference` are the release binaries, `large` the 100,000-media
/// benchmark database (copied, never changed).
pub fn run(kiz: &Path, reference: &Path, large: &Path, work: &Path) -> Result {
    let _ = std::fs::remove_dir_all(work);
    std::fs::create_dir_all(work).map_err(|e| format!("{}: {e}", work.display()))?;
    let scratch = work.join("home");
    // The demo folder and the benchmark folder are prepared by one start
    // each that runs the start's background work to its end (the demo data,
    // the retention rules on a million old loans, the day's backup), so the
    // timed starts are the everyday ones.
    let demo = work.join("demo");
    prepare(kiz, &demo, &scratch, true)?;
    let bench = work.join("benchmark");
    std::fs::create_dir_all(&bench).map_err(|e| e.to_string())?;
    std::fs::copy(large, bench.join("kiz-desk.sqlite"))
        .map_err(|e| format!("{}: {e}", large.display()))?;
    prepare(kiz, &bench, &scratch, false)?;

    let cases = [
        ("everyday start, demo data", Folder::Kept(demo), 1.2),
        ("everyday start, 100,000 media", Folder::Kept(bench), 1.2),
        (
            "first start, new data folder",
            Folder::Fresh(work.join("new")),
            1.4,
        ),
    ];
    println!(
        "\nstart-up to the first frame with content, median of {RUNS} alternating runs each \
         (memory: PSS of the process tree {} s after that frame)",
        SETTLE.as_secs()
    );
    println!(
        "{:<32} {:>10} {:>10} {:>7} {:>7} {:>11} {:>11} {:>7}",
        "case", "reference", "KIZ Desk", "ratio", "target", "ref. PSS", "KIZ PSS", "ratio"
    );
    for (name, folder, target) in &cases {
        let mut reference_runs = Vec::new();
        let mut kiz_runs = Vec::new();
        for run in 0..RUNS {
            reference_runs.push(start(reference, None, &scratch.join("reference"))?);
            let data = match folder {
                Folder::Kept(path) => path.clone(),
                Folder::Fresh(base) => base.join(format!("run-{run}")),
            };
            kiz_runs.push(start(kiz, Some(&data), &scratch.join("kiz"))?);
            close_cleanly(&data)?;
        }
        let reference_ms = median(reference_runs.iter().map(|s| s.ms));
        let kiz_ms = median(kiz_runs.iter().map(|s| s.ms));
        let reference_pss = median(reference_runs.iter().map(|s| s.pss_kib as f64));
        let kiz_pss = median(kiz_runs.iter().map(|s| s.pss_kib as f64));
        println!(
            "{:<32} {:>7.0} ms {:>7.0} ms {:>6.2}× {:>6.2}× {:>7.1} MiB {:>7.1} MiB {:>6.2}×",
            name,
            reference_ms,
            kiz_ms,
            kiz_ms / reference_ms,
            target,
            reference_pss / 1024.0,
            kiz_pss / 1024.0,
            kiz_pss / reference_pss
        );
        println!(
            "{:<32} runs: reference {:?} ms, KIZ Desk {:?} ms; RSS median reference {:.1} MiB, \
             KIZ Desk {:.1} MiB",
            "",
            reference_runs
                .iter()
                .map(|s| s.ms.round())
                .collect::<Vec<_>>(),
            kiz_runs.iter().map(|s| s.ms.round()).collect::<Vec<_>>(),
            median(reference_runs.iter().map(|s| s.rss_kib as f64)) / 1024.0,
            median(kiz_runs.iter().map(|s| s.rss_kib as f64)) / 1024.0,
        );
        let paired = paired_ratios(&reference_runs, &kiz_runs);
        println!(
            "{:<32} paired: each KIZ Desk start over the reference start before it, median \
             {:.2}× (from {:.2}× to {:.2}×)",
            "",
            median(paired.iter().copied()),
            paired.first().copied().unwrap_or(f64::NAN),
            paired.last().copied().unwrap_or(f64::NAN),
        );
        if let (Some(r), Some(k)) = (reference_runs.last(), kiz_runs.last()) {
            println!(
                "{:<32} PSS by process, last run: reference {}; KIZ Desk {}",
                "",
                describe(&r.processes),
                describe(&k.processes)
            );
            println!(
                "{:<32} painting, last run: reference {}; KIZ Desk {}",
                "", r.painting, k.painting
            );
        }
    }
    println!("memory target: KIZ Desk's PSS at most 1.15× the reference's on the everyday start");
    Ok(())
}

/// Starts KIZ Desk once on `data` and waits until the start's background
/// work is done (its log says so), then ends it.
fn prepare(kiz: &Path, data: &Path, scratch: &Path, demo: bool) -> Result {
    let mut command = app_command(kiz, Some(data), &scratch.join("kiz"));
    if demo {
        command.env("KIZ_DEMO", "1");
    }
    let (mut child, painted) = spawn(command)?;
    let outcome = painted
        .recv_timeout(START_LIMIT)
        .map_err(|_| format!("KIZ Desk did not paint on {}", data.display()));
    let deadline = Instant::now() + Duration::from_secs(180);
    let done = loop {
        let log =
            std::fs::read_to_string(data.join("logs").join("kiz-desk.log")).unwrap_or_default();
        if log.contains("search indexes tidied") || log.contains("indexes failed") {
            break Ok(());
        }
        if Instant::now() > deadline {
            break Err(format!(
                "the start's work on {} did not end",
                data.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    end(&mut child);
    close_cleanly(data)?;
    outcome.and(done)
}

/// Folds the write-ahead log of an app that was ended into the database,
/// as closing the window does, so that every timed start finds the file as
/// after a normal close.
fn close_cleanly(data: &Path) -> Result {
    let file = data.join("kiz-desk.sqlite");
    let conn = rusqlite::Connection::open(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(|e| format!("{}: {e}", file.display()))
}

fn app_command(binary: &Path, data: Option<&Path>, scratch: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .env("KIZ_PAINT_SIGNAL", "1")
        .env("XDG_DATA_HOME", scratch.join("data"))
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .env("XDG_CONFIG_HOME", scratch.join("config"))
        .env_remove("KIZ_DEMO")
        .env_remove("KIZ_NOW")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(data) = data {
        command.env("KIZ_DATA_DIR", data);
    }
    command
}

/// Spawns `command` and hands its `painted` moment (ms since 1970) over a
/// channel, with the moment of the spawn subtracted.
fn spawn(mut command: Command) -> Result<(Child, mpsc::Receiver<f64>)> {
    let spawned_at = epoch_ms();
    let mut child = command
        .spawn()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout)
            .lines()
            .map_while(std::result::Result::ok)
        {
            if let Some(at) = line
                .strip_prefix("painted ")
                .and_then(|n| n.trim().parse::<f64>().ok())
            {
                let _ = sender.send(at - spawned_at);
            }
        }
    });
    Ok((child, receiver))
}

/// One timed start of `binary` (KIZ Desk on `data`, or the reference).
fn start(binary: &Path, data: Option<&Path>, scratch: &Path) -> Result<Start> {
    let (mut child, painted) = spawn(app_command(binary, data, scratch))?;
    let ms = match painted.recv_timeout(START_LIMIT) {
        Ok(ms) => ms,
        Err(_) => {
            end(&mut child);
            return Err(format!("{} did not paint", binary.display()));
        }
    };
    std::thread::sleep(SETTLE);
    let processes = memory_of_each(child.id());
    let (pss_kib, rss_kib) = totals(&processes);
    let painting = painting_of(child.id());
    end(&mut child);
    // Let the ended processes go before the next start.
    std::thread::sleep(Duration::from_millis(500));
    Ok(Start {
        ms,
        pss_kib,
        rss_kib,
        processes,
        painting,
    })
}

/// How each web process of the tree of `root` was told to paint
/// (`src-tauri/src/painter.rs`): its `WEBKIT_SKIA_ENABLE_CPU_RENDERING`
/// and `WEBKIT_DISABLE_COMPOSITING_MODE`, "WebKit's defaults" where
/// neither is set, "no web process" when there is none.
fn painting_of(root: u32) -> String {
    let mut each: Vec<String> = web_process_environments(root)
        .iter()
        .map(|environment| {
            let set: Vec<&str> = environment
                .iter()
                .filter(|entry| {
                    entry.starts_with("WEBKIT_SKIA_ENABLE_CPU_RENDERING=")
                        || entry.starts_with("WEBKIT_DISABLE_COMPOSITING_MODE=")
                })
                .map(String::as_str)
                .collect();
            if set.is_empty() {
                "WebKit's defaults".to_owned()
            } else {
                set.join(" ")
            }
        })
        .collect();
    each.dedup();
    if each.is_empty() {
        "no web process".to_owned()
    } else {
        each.join(", ")
    }
}

fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// Ends the app and what it started (WebKit's processes), and waits for it.
fn end(child: &mut Child) {
    let pids = tree(child.id());
    for pid in pids.iter().rev() {
        let _ = Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status();
    }
    let _ = child.wait();
}

/// Each KIZ Desk start's time over the time of the reference start made
/// just before it, sorted.
fn paired_ratios(reference: &[Start], kiz: &[Start]) -> Vec<f64> {
    let mut ratios: Vec<f64> = reference
        .iter()
        .zip(kiz)
        .map(|(r, k)| k.ms / r.ms)
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start_of(ms: f64) -> Start {
        Start {
            ms,
            pss_kib: 0,
            rss_kib: 0,
            processes: Vec::new(),
            painting: String::new(),
        }
    }

    #[test]
    fn each_kiz_start_is_divided_by_the_reference_start_before_it() {
        // Paired by position, not by rank: sorting both lists first would
        // pair 300 with 390, 400 with 450 and 500 with 480 (1.3, 1.125, 0.96).
        let reference = [400.0, 500.0, 300.0].map(start_of);
        let kiz = [480.0, 390.0, 450.0].map(start_of);
        assert_eq!(paired_ratios(&reference, &kiz), vec![0.78, 1.2, 1.5]);
        assert_eq!(median(paired_ratios(&reference, &kiz).into_iter()), 1.2);
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median([4.0, 1.0, 3.0, 2.0].into_iter()), 2.5);
    }
}
