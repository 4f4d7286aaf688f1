//! Server-side timings, for benchmarks and for anyone asking why an editor feels slow.
//!
//! Every time the server makes diagnostics ready — pushed by the lint worker or answered to a
//! `textDocument/diagnostic` pull — it records a [`Sample`]: how long it took from the
//! *arrival* of the open or change that produced the text (the moment its handler started) to
//! the diagnostics being ready to send, **not counting the debounce wait** (see
//! [`super::server::DEBOUNCE`]). Ready means converted to protocol diagnostics; writing them to
//! the client is not included. JSON decoding of the incoming message, done by the protocol
//! library before the handler runs, is not included either.
//!
//! Samples are kept in a bounded ring ([`MAX_SAMPLES`]) and logged at debug level
//! (`COPYDESK_LOG=copydesk=debug`). Clients read them with the copydesk extension request
//! [`METHOD`] (`copydesk/stats`): params `{"reset": bool}` (optional field, default false);
//! result [`Report`]. With `reset` the ring is emptied after it is read.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

/// The extension request that returns the recorded samples.
pub const METHOD: &str = "copydesk/stats";

/// How many samples are kept; older ones are dropped first. A sample is about 150 bytes with
/// its URI, so the full ring holds about 0.6 MB: enough for a bench's few hundred edits per
/// draft, small enough that a server running for hours does not grow by it (65,536 samples
/// made a 60-second load test's RSS climb by 7 MB).
pub const MAX_SAMPLES: usize = 4096;

/// How the diagnostics of a sample reached the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Published by the lint worker (`textDocument/publishDiagnostics`).
    Push,
    /// Answered to a `textDocument/diagnostic` request.
    Pull,
}

/// One set of diagnostics made ready. All durations are in **microseconds**.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// The document.
    pub uri: String,
    /// The client's version of the text that was checked.
    pub version: i32,
    /// Push or pull.
    pub mode: Mode,
    /// Size of the text checked, in bytes.
    pub bytes: usize,
    /// How many diagnostics were made ready.
    pub diagnostics: usize,
    /// From the arrival of the open/change that produced this text to diagnostics ready, less
    /// the time spent in the debounce wait. In pull mode: the time the server spent applying
    /// that change plus the time from the request's arrival to its answer being ready (the gap
    /// between the two is the client's).
    pub server_us: u64,
    /// Of which: applying the change (or building the document on open).
    pub apply_us: u64,
    /// Of which: the engine's check (including copying the text out of the rope).
    pub check_us: u64,
    /// True when the document is larger than the lint limit and was not checked.
    pub skipped: bool,
}

/// Params of [`METHOD`].
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatsParams {
    /// Empty the ring after reading it.
    pub reset: bool,
}

/// The answer to [`METHOD`].
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The debounce the lint worker waits after an edit before checking, in milliseconds.
    pub debounce_ms: u64,
    /// Documents larger than this many bytes are kept in sync but not checked.
    pub max_lint_bytes: usize,
    /// The recorded samples, oldest first.
    pub samples: Vec<Sample>,
}

/// The ring of samples.
#[derive(Debug, Default)]
pub struct Stats {
    samples: VecDeque<Sample>,
}

impl Stats {
    /// Records `sample` (dropping the oldest when full) and logs it at debug level.
    pub fn record(&mut self, sample: Sample) {
        tracing::debug!(
            uri = sample.uri,
            version = sample.version,
            mode = ?sample.mode,
            bytes = sample.bytes,
            diagnostics = sample.diagnostics,
            server_us = sample.server_us,
            apply_us = sample.apply_us,
            check_us = sample.check_us,
            skipped = sample.skipped,
            "diagnostics ready"
        );
        if self.samples.len() == MAX_SAMPLES {
            self.samples.pop_front();
        }
        self.samples.push_back(sample);
    }

    /// The samples, oldest first; emptied when `reset`.
    pub fn read(&mut self, reset: bool) -> Vec<Sample> {
        if reset {
            std::mem::take(&mut self.samples).into()
        } else {
            self.samples.iter().cloned().collect()
        }
    }
}

/// Whole microseconds in `d`, saturating.
pub fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// The part of `[arrived, ready]` that was not spent in the debounce wait `[sleep_start,
/// sleep_end]` (the wait counts only from the arrival on).
pub fn excluding_debounce(arrived: Instant, ready: Instant, sleep_start: Instant, sleep_end: Instant) -> Duration {
    let total = ready.saturating_duration_since(arrived);
    let waited = sleep_end.saturating_duration_since(sleep_start.max(arrived));
    total.saturating_sub(waited)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(version: i32) -> Sample {
        Sample {
            uri: "file:///a.md".into(),
            version,
            mode: Mode::Push,
            bytes: 1,
            diagnostics: 0,
            server_us: 1,
            apply_us: 0,
            check_us: 1,
            skipped: false,
        }
    }

    #[test]
    fn the_ring_is_bounded_and_reset_empties_it() {
        let mut stats = Stats::default();
        for v in 0..(MAX_SAMPLES as i32 + 10) {
            stats.record(sample(v));
        }
        let all = stats.read(false);
        assert_eq!(all.len(), MAX_SAMPLES);
        assert_eq!(all[0].version, 10, "the oldest were dropped");
        assert_eq!(stats.read(true).len(), MAX_SAMPLES);
        assert!(stats.read(false).is_empty());
    }

    #[test]
    fn the_debounce_wait_is_subtracted_only_after_the_arrival() {
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        // Arrived before the wait began: the whole wait is excluded.
        assert_eq!(excluding_debounce(t0, t0 + ms(40), t0 + ms(5), t0 + ms(30)), ms(15));
        // Arrived during the wait: only the rest of the wait is excluded.
        assert_eq!(excluding_debounce(t0 + ms(10), t0 + ms(40), t0 + ms(5), t0 + ms(30)), ms(10));
        // No wait (an open): nothing is excluded.
        assert_eq!(excluding_debounce(t0, t0 + ms(3), t0 + ms(1), t0 + ms(1)), ms(3));
    }

    #[test]
    fn params_default_to_no_reset() {
        let p: StatsParams = serde_json::from_value(serde_json::json!({})).unwrap();
        assert!(!p.reset);
        assert!(serde_json::from_value::<StatsParams>(serde_json::json!({"bogus": 1})).is_err());
    }
}
