//! Engine throughput, per stage: building the Draft, then each rule on its own, then a whole
//! `engine::check`. Not a test and not part of CI; run it with
//! `cargo bench --bench engine [-- DIR [REPEAT [STAGE]]]` (default: ../shared/bench/pages-dev,
//! 20 passes, every stage). Prints MB/s per stage on one thread, so a slow rule stands out.
//! On a busy machine wall time is noisy: give one STAGE (`draft`, a rule name, or `all`) and
//! run the bench binary under `perf stat -e instructions:u` for a stable count.

use std::time::Instant;

use copydesk::config::Settings;
use copydesk::draft::{Draft, Format};
use copydesk::rules::{self, Context};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    let dir = args.first().cloned().unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/pages-dev").to_string());
    let repeat: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(20);
    let only = args.get(2).cloned();
    let wanted = |stage: &str| only.as_deref().is_none_or(|o| o == stage);
    let mut texts = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}")).filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.to_string_lossy().to_string();
        if !(name.ends_with(".txt") || name.ends_with(".md")) {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(&path) {
            texts.push((text, Format::from_path(&name)));
        }
    }
    let bytes: usize = texts.iter().map(|(t, _)| t.len()).sum();
    let mb = (bytes * repeat) as f64 / 1e6;
    println!("{} files, {:.2} MB, {repeat} passes ({mb:.1} MB per stage)", texts.len(), bytes as f64 / 1e6);
    let settings = Settings::default();

    let time = |label: &str, f: &mut dyn FnMut() -> usize| {
        if !wanted(label) {
            return;
        }
        let start = Instant::now();
        let mut n = 0;
        for _ in 0..repeat {
            n += f();
        }
        let secs = start.elapsed().as_secs_f64();
        println!("{label:<24} {:>9.1} MB/s  ({:.3} s, {} lines or findings per pass)", mb / secs, secs, n / repeat.max(1));
    };

    time("draft", &mut || texts.iter().map(|(t, f)| Draft::new(t, *f).lines().len()).sum());
    let drafts: Vec<Draft> = texts.iter().map(|(t, f)| Draft::new(t, *f)).collect();
    for rule in rules::ALL {
        if settings.level(rule).is_none() {
            continue;
        }
        time(rule.name, &mut || drafts.iter().map(|d| (rule.check)(&Context { draft: d, settings: &settings }).len()).sum());
    }
    time("all", &mut || {
        texts.iter().map(|(t, f)| copydesk::engine::check(t, *f, &settings).diagnostics.len()).sum()
    });
}
